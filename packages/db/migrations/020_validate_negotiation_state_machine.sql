-- 020: validates 019's CHECK in its own transaction: a scan that takes SHARE UPDATE EXCLUSIVE, so
-- negotiations keep taking reads and writes meanwhile. 019 already showed the existing rows obey it.
ALTER TABLE negotiations VALIDATE CONSTRAINT negotiations_final_proposal_when_accepted;
