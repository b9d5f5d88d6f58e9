"""WebRTC calls (aiortc) and their recording; audio devices and video frames go through Qt (QtMultimedia, ``QImage``)."""
