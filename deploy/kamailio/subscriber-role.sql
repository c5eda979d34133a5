-- Tavs additions to Kamailio's standard PostgreSQL schema (kamdbctl create).
-- auth_db loads the role with the credentials (load_credentials).
ALTER TABLE subscriber ADD COLUMN IF NOT EXISTS role VARCHAR(16) NOT NULL DEFAULT 'counsellor';

-- The carrier's gateways, trusted by address (permissions, group 1):
-- INSERT INTO address (grp, ip_addr, mask, port, tag) VALUES (1, '10.0.0.20', 32, 0, 'carrier-gw-1');

-- A per-shift account, as the Tavs hub issues it (HA1 only, never the password):
-- INSERT INTO subscriber (username, domain, password, ha1, ha1b, role)
--   VALUES ('shift-2025-06-01-anna', 'helpline.example.org', '',
--           md5('shift-2025-06-01-anna:helpline.example.org:' || :password), '', 'counsellor');
-- Revoking it: DELETE FROM subscriber WHERE username = 'shift-2025-06-01-anna';
-- and drop its registration now: JSON-RPC ul.rm ["location", "shift-2025-06-01-anna"].
