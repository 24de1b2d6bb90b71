"""Findings: mentions held against what is known, as findings with stable keys; no database.

    in:  :class:`monitor.records.Mention` (what a document says, from monitor.rules) and the
         :class:`monitor.dataset.KnownDataset` (the dataset file as of the replay date, plus the
         findings a reviewer accepted)
    out: :class:`monitor.records.Finding` (what changed in the world, keyed so that every report of
         one fact adds evidence to one finding), and the value its reports agree on

    diff.py              assess(mention, dataset) -> Finding | None: new company, batch, total, regulation
                         event, or a conflict with the dataset
    regulation_match.py  a reported regulation name matched to a known event under variants
    agreement.py         agree(reports) -> Agreement: a finding's value by the vote of independent outlets
    known.py             the dataset as the diff sees it: the file as of the replay date (load_known)
                         plus the accepted findings (diff_view)

Analysis (monitor.run.analysis) calls ``assess`` for every mention and the store
(storage/agreement.py) calls ``agree`` whenever a finding's evidence changes. Nothing is imported
here: storage imports diff.py and agreement.py on their own, and the reading workers known.py.
"""
