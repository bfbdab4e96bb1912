"""Demonstration data: fictional countries, marked synthetic everywhere."""
