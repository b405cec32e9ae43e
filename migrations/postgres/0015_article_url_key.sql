-- The same page under another spelling of its link (http or https, with or without www. or a
-- trailing slash, with tracking parameters) is a copy too: articles are found by this key
-- (`links::link_key`), which the server fills in for articles stored before it (`Db::migrate`).
ALTER TABLE articles ADD COLUMN url_key TEXT;
CREATE INDEX articles_url_key ON articles (url_key);
