"""Email digests and spike alerts: anyone may follow a view of the dashboard (pairs,
countries, topics, words, outlet countries) by email, confirmed, each article once.

    models.py    subscriptions and deliveries (one row per subscription and period:
                 claimed before sending, so a period is sent once)
    links.py     the signed links an email carries (confirm, manage, one-click unsubscribe)
    views.py     subscribing, confirming, managing, leaving (pages; templates/digests/)
    forms.py     the subscribe and manage forms, in the dashboard's query parameters
    selection.py what a subscription follows, read, stored and described in either language
    ratelimit.py subscribe requests per address and per client, in the shared cache
    schedule.py  when a subscription's next digest is due (time zones, DST)
    mail.py      build_message: any email from templates/emails/NAME-{subject,body-text,body-html}
    compose.py   what a digest or an alert holds, grouped by pair and topic
    sending.py   due subscriptions, claims, sending with retries, spike detection

Layer: above timelines (it reads the read models); the pipeline and the project's
tasks run it."""
