"""Wire protocol: versioned JSON messages, parsed and validated without sockets."""
