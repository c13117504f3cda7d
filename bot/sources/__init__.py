"""Reading the web on the bot's own: single links, and feeds or sitemaps polled on a schedule."""
