"""f1-oracle: checks F1 / F-beta implementations against scikit-learn over batch splits."""
