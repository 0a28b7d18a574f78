-- 026: validates 025's CHECKs, each scan under SHARE UPDATE EXCLUSIVE (reads and writes go on).
ALTER TABLE agents VALIDATE CONSTRAINT agents_did_syntax;
ALTER TABLE agents VALIDATE CONSTRAINT agents_public_key_format;
ALTER TABLE agents VALIDATE CONSTRAINT agents_capabilities_format;
