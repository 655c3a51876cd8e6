"""Printed matter: coupon cards, sheets of them as PDF or print, and PNG images."""
