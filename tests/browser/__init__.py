"""The web client in headless Chromium (Playwright): page helpers
(pages.py), a demo centre per test class (base.py) and the tests."""
