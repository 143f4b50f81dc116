"""The derived stage: what is recomputed over the store after every write (the after-write steps of
``kg.config.PIPELINE``): instances shared across articles (``instances``), analysts' merge and split
decisions (``decisions``), event coreference across articles (``coreference``) and one consistent
order of events (``ordering``)."""
