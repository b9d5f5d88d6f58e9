"""Call-up (视频连线 / 语音点调): the video wall dock, call tiles, group voice with push-to-talk."""
