"""Indicator maths: plain functions over plain data (no Django)."""
