"""The police unit status board (警力状态)."""
