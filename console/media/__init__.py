"""WebRTC calls (aiortc) and their recording.

Audio devices and video frames go through Qt (QtMultimedia, ``QImage``), so only the UI and the field
simulator's synthetic media use this package; services stay headless.
"""
