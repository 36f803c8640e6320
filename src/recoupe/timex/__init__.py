"""The machinery behind the times stage (recoupe.times): vocabulary, grammar, tense, calendar, anchor.

words    the vocabulary (data/times.yaml) and regex pieces built from it
grammar  builders that read a match into a Candidate (calendar expressions)
amounts  builders for durations, frequencies, clock times and *_REF words
patterns the pattern table, compiled once, and the scan that keeps the longest candidates
tense    the tense of the clause a span sits in, from the spaCy parse
dates    calendar arithmetic: which year, week or day a partial date means
anchor   the anchor date: from metadata, or inferred from the text
"""
