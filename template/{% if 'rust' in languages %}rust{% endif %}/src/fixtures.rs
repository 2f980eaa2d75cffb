//! `Fixture`: a value set up for a test and torn down when the guard is dropped, even
//! when the test fails.
//!
//! ```text
//! let dir = Fixture::temp_dir();            // removed at the end of the test
//! let db = Fixture::new(|| open(), |db| db.close());
//! ```

use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

type Teardown<T> = Box<dyn FnOnce(&mut T)>;

/// A set-up value that runs its teardown on drop. Derefs to the value.
pub struct Fixture<T> {
    value: T,
    teardown: Option<Teardown<T>>,
}

impl<T> Fixture<T> {
    /// Runs `setup` now and `teardown` when the fixture is dropped.
    pub fn new(setup: impl FnOnce() -> T, teardown: impl FnOnce(&mut T) + 'static) -> Self {
        Self {
            value: setup(),
            teardown: Some(Box::new(teardown)),
        }
    }
}

impl Fixture<PathBuf> {
    /// A fresh empty directory, removed with its contents on drop.
    ///
    /// Panics when the directory cannot be created: the test could not run anyway.
    pub fn temp_dir() -> Self {
        static CREATED: AtomicUsize = AtomicUsize::new(0);
        let unique = format!(
            "testingkit-{}-{}",
            std::process::id(),
            CREATED.fetch_add(1, Ordering::Relaxed)
        );
        Self::new(
            || {
                let path = std::env::temp_dir().join(unique);
                std::fs::create_dir_all(&path)
                    .unwrap_or_else(|error| panic!("cannot create {}: {error}", path.display()));
                path
            },
            |path| {
                // Best effort: a leftover temporary directory must not fail the test.
                let _ = std::fs::remove_dir_all(path);
            },
        )
    }
}

impl<T> Deref for Fixture<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Fixture<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T> Drop for Fixture<T> {
    fn drop(&mut self) {
        if let Some(teardown) = self.teardown.take() {
            teardown(&mut self.value);
        }
    }
}
