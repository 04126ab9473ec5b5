"""The five source documents, named as the claims cite them (``Source(ZHAO, "Lemma 7.9", ...)``),
and by the prefix of their catalog ids."""

ZHAO = "Zhao, From Approximation to Emergence: A Theory of Deep Learning (2026)"
TENG = "Teng, Wang, Zhang, Theoretical Machine Learning: A Handbook for Everyone (2025)"
MSML = "The Mathematical Structure of Machine Learning, Chapter 24"
ARORA = "Arora et al., Theory of Deep Learning (book draft)"
KARP = "Karp, Adapting to Structure and Using Structure to Adapt (PhD thesis, CMU, 2024)"

BY_PREFIX = {"ZHAO": ZHAO, "TENG": TENG, "MSML": MSML, "ARORA": ARORA, "KARP": KARP}
