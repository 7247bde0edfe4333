-- Votes recorded within the same clock tick (PGlite's clock is coarse) need a stable newest-first order:
-- an insertion sequence breaks created_at ties.
ALTER TABLE feedback ADD COLUMN seq bigserial;
