-- API keys made through POST /api/keys (configured keys stay in ESSOR_API_KEYS / credentials.json).
-- Only SHA-256 of a key's bytes is kept, never the key: the service makes every key itself from 32 random bytes,
-- so finding a key from its hash is as hard as guessing the key. A slow, salted password hash (bcrypt, Argon2)
-- guards low-entropy passwords against dictionaries; here it would add cost to each lookup and no safety.
CREATE TABLE api_key (
    id         uuid PRIMARY KEY,
    role       text NOT NULL CHECK (role IN ('admin', 'officer', 'supplier')),
    label      text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 200),
    sirets     text[] NOT NULL DEFAULT '{}',
    key_hash   bytea NOT NULL UNIQUE CHECK (octet_length(key_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    -- a supplier acts for its SIRETs only: a key bound to none would be a supplier of nothing
    CHECK (role <> 'supplier' OR cardinality(sirets) > 0)
);
