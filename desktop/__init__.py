"""ShopCircle desktop application: window, command line and the business rules they share."""

__version__ = "0.1.0"
