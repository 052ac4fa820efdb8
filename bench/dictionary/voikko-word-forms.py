#!/usr/bin/env python3
"""The dictionary-based alternative for Finnish, measured on the same word
forms as our rules (data/word-forms/fi.tsv): Voikko's morphology (Debian's
libvoikko1, voikko-fi, python3-libvoikko). A form passes when one of Voikko's
analyses gives the lemma as its base form (a compound: a base form ending in
the head's); a distinct pair when no base form is shared. Prints the pass
rate, the words Voikko does not know, and the time per word.

Run: apt-get install libvoikko1 voikko-fi python3-libvoikko
     python3 bench/dictionary/voikko-word-forms.py
"""
import csv
import os
import time

import libvoikko

here = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(here, '..', '..', 'data', 'word-forms', 'fi.tsv'), encoding='utf-8'), delimiter='\t'))
voikko = libvoikko.Voikko('fi')


def baseforms(word):
    return {analysis.get('BASEFORM', '').lower() for analysis in voikko.analyze(word)} - {''}


passed = 0
unknown = set()
by_class = {}
for row in rows:
    lemma, form, cls = row['lemma'], row['form'], row['class']
    mine = baseforms(form)
    theirs = baseforms(lemma) or {lemma}
    if not mine:
        unknown.add(form)
    if cls == 'distinct':
        ok = not (mine & theirs)
    elif cls == 'compound':
        ok = any(b.endswith(h) for b in mine for h in theirs)
    else:
        ok = bool(mine & theirs)
    passed += ok
    counts = by_class.setdefault(cls, [0, 0])
    counts[0] += ok
    counts[1] += 1

words = [row['form'] for row in rows] * 20
started = time.perf_counter()
for word in words:
    voikko.analyze(word)
per_word_us = (time.perf_counter() - started) / len(words) * 1e6

print(f'voikko: {passed}/{len(rows)} = {100 * passed / len(rows):.1f}%', ', '.join(f'{k} {p}/{t}' for k, (p, t) in by_class.items()))
print(f'unknown to the dictionary: {len(unknown)} ({", ".join(sorted(unknown)[:10])})')
print(f'{per_word_us:.1f} us per word (analysis, one thread)')
