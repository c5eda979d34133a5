-- Tavs additions to Kamailio's standard PostgreSQL schema (kamdbctl create).
-- auth_db loads the role with the credentials (load_credentials).
ALTER TABLE subscriber ADD COLUMN IF NOT EXISTS role VARCHAR(16) NOT NULL DEFAULT 'counsellor';

-- The carrier's gateways, trusted by address (permissions, group 1):
-- INSERT INTO address (grp, ip_addr, mask, port, tag) VALUES (1, '10.0.0.20', 32, 0, 'carrier-gw-1');

-- A static account (HA1 only, never the password). Per-shift accounts do not go here: the
-- Tavs hub writes them to the htable shiftcreds over JSON-RPC (README.md).
-- INSERT INTO subscriber (username, domain, password, ha1, ha1b, role)
--   VALUES ('anna', 'helpline.example.org', '',
--           md5('anna:helpline.example.org:' || :password), '', 'counsellor');
-- Revoking it: DELETE FROM subscriber WHERE username = 'anna';
-- and drop its registration now: JSON-RPC ul.rm ["location", "anna"].
