"""The editors' workbench: what the people who curate feeds and tags use beyond the
plain admin pages — roles, the health page's alerts by email, corrections on the site."""
