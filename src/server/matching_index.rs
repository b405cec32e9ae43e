//! The matching index beside the db layer: an in-memory BM25 index (`crate::matching::Index`) over
//! the fact-check library and our claims, kept in step with the database. Every use first reads a
//! small key from the database (counts, highest ids, latest change, edits); when it moved, new rows
//! are appended, or the index is rebuilt when rows changed or went away. The key is read from the
//! database itself, so several app instances on one PostgreSQL stay in step without talking.

use super::db::{self, factchecks::LibraryKey, Db};
use crate::matching::{Doc, Index};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Library entries are keyed by their id, our claims by minus theirs.
pub fn claim_key(claim_id: i64) -> i64 {
    -claim_id
}

pub struct Built {
    pub key: LibraryKey,
    pub index: Index,
    /// Claim id -> article id, for the claims in the index.
    pub claim_article: HashMap<i64, i64>,
}

#[derive(Default)]
pub struct LibraryIndex {
    built: Arc<RwLock<Option<Built>>>,
    /// One refresh at a time per process; searches go on meanwhile.
    refreshing: tokio::sync::Mutex<()>,
}

impl LibraryIndex {
    pub fn new() -> LibraryIndex {
        LibraryIndex::default()
    }

    /// Brings the index up to date with the database and hands out a reader.
    pub async fn fresh(&self, db: &Db) -> anyhow::Result<Arc<RwLock<Option<Built>>>> {
        let pool = db.pool();
        let key = db::factchecks::library_key(pool).await?;
        if self.current_key() == Some(key) {
            return Ok(Arc::clone(&self.built));
        }
        let _turn = self.refreshing.lock().await;
        let key = db::factchecks::library_key(pool).await?;
        let current = self.current_key();
        if current == Some(key) {
            return Ok(Arc::clone(&self.built));
        }
        // Only new claims since the last build: append them.
        if let Some(old) = current {
            let same_library =
                old.fc_count == key.fc_count && old.fc_max == key.fc_max && old.fc_changed == key.fc_changed;
            if same_library && old.edits == key.edits && key.claim_max >= old.claim_max {
                let new = db::factchecks::claims_for_index(pool, old.claim_max).await?;
                if old.claim_count + new.len() as i64 == key.claim_count {
                    let mut guard = self.built.write().map_err(|_| anyhow::anyhow!("index lock poisoned"))?;
                    if let Some(b) = guard.as_mut() {
                        for c in &new {
                            b.index.add(&Doc { key: claim_key(c.id), claim: &c.statement, title: "" });
                            b.claim_article.insert(c.id, c.article_id);
                        }
                        b.key = key;
                        return Ok(Arc::clone(&self.built));
                    }
                }
            }
        }
        let fcs = db::factchecks::all_for_index(pool).await?;
        let claims = db::factchecks::claims_for_index(pool, 0).await?;
        let built = tokio::task::spawn_blocking(move || {
            let mut index = Index::new();
            for f in &fcs {
                index.add(&Doc { key: f.id, claim: &f.claim, title: &f.title });
            }
            let mut claim_article = HashMap::with_capacity(claims.len());
            for c in &claims {
                index.add(&Doc { key: claim_key(c.id), claim: &c.statement, title: "" });
                claim_article.insert(c.id, c.article_id);
            }
            Built { key, index, claim_article }
        })
        .await?;
        *self.built.write().map_err(|_| anyhow::anyhow!("index lock poisoned"))? = Some(built);
        Ok(Arc::clone(&self.built))
    }

    fn current_key(&self) -> Option<LibraryKey> {
        self.built.read().ok().and_then(|g| g.as_ref().map(|b| b.key))
    }
}
