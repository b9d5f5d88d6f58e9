"""The public e码 (群众扫码): signed door plates, and the relay's public HTTP listener with its page.

A door plate carries ``<base>/e/<address code>?s=<signature>``; anyone who scans it may report or
declare residence without an account. The listener runs inside the relay process on its own port
(``jingwang relay --public-port``), so a firewall can expose only it.
"""
