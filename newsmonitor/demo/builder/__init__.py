"""Developer tool: builds the committed demo site (newsmonitor/demo/site/) from its
content files and templates, and checks it.  Not needed at run time, and left out
of the Docker image (.dockerignore).

    python -m newsmonitor.demo.builder [--out DIR]     rebuild (default: the site folder)
    python -m newsmonitor.demo.builder.check [--site DIR]   check a built site
"""
