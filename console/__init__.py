"""警网融合指挥台 (jingwang console): dispatch console, relay and field simulator."""

__version__ = "0.1.0"
