"""Fakes at the network edge (OpenAI-compatible HTTP, LiveKit server), shared by every test suite."""
