-- A copy of an article merged into another by an admin: its claims, votes and sources moved there,
-- and it stays archived, pointing readers to the article that carries on.
ALTER TABLE articles ADD COLUMN merged_into BIGINT REFERENCES articles (id);
