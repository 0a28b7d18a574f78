-- 028: validates 027's CHECKs, each scan under SHARE UPDATE EXCLUSIVE (reads and writes go on).
ALTER TABLE negotiations VALIDATE CONSTRAINT negotiations_rounds_shape;
ALTER TABLE negotiations VALIDATE CONSTRAINT negotiations_current_proposal_shape;
ALTER TABLE negotiations VALIDATE CONSTRAINT negotiations_final_proposal_shape;
ALTER TABLE negotiations VALIDATE CONSTRAINT negotiations_incentive_split_shape;
ALTER TABLE usefulness_proofs VALIDATE CONSTRAINT usefulness_proofs_metrics_shape;
ALTER TABLE credit_transactions VALIDATE CONSTRAINT credit_transactions_metadata_shape;
