"""Every ranking constant of the search in one place, with why it has its value.

BM25's own parameters (K1, B) are Whoosh's and stay with the scorer.
"""

EXACT_BOOST = 1.5  # an accent-free word found unaccented in the text ranks above folded matches
PROXIMITY_BOOST = 3.0  # two typed words found side by side
WORD_BOOST = 0.5  # a pyvi compound of the typed words found as a word
BIND_SHARE = 0.2  # of the rarer syllable's paragraphs: above it two typed words "stand together"

PARTIAL_QUESTION_WEIGHT = 0.3  # question and function words ("có", "được", "là gì") say little
PARTIAL_ADJACENT_SHARE = 0.5  # of both units' weight: typed side by side, found side by side
PARTIAL_PAIR_BOOST = 0.5  # units typed side by side found side by side
PARTIAL_HEAD = 100  # best partial candidates weighed with their documents' coverage (the rest follow)
PARTIAL_NAMED_DOCUMENTS = 50  # a name in more documents' own lines than this counts only where the text holds it
PARTIAL_SAME_DOCUMENT = 0.5  # each further partial paragraph of one document: its score times this
PARTIAL_SHORTLIST = 400  # candidates of best coverage ranked (and counted: pages go as far as them)
DOC_K1 = 1.2  # a document's BM25 over the query's units: saturation of its paragraphs holding one
DOC_B = 0.75  # and normalisation by its number of paragraphs
