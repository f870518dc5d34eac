//! Work spread over the machine's cores with `std::thread::scope`, on threads with a
//! large stack. Results come back in input order, so output never depends on the number
//! of threads.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads `jobs` jobs are worth: every core, as long as each thread gets at
/// least `min_per_thread` jobs; 1 means no thread is started.
pub(crate) fn threads(jobs: usize, min_per_thread: usize) -> usize {
    #[cfg(test)]
    if let Some(threads) = FORCE_THREADS.get() {
        return threads;
    }
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    cores.min(jobs / min_per_thread.max(1)).max(1)
}

#[cfg(test)]
thread_local! {
    /// The number of threads [`threads`] answers on this thread, in tests.
    pub(crate) static FORCE_THREADS: std::cell::Cell<Option<usize>> =
        const { std::cell::Cell::new(None) };
}

/// The stack of the threads work runs on. syn parses recursively: a route file nested
/// `MAX_NESTING` (128) brackets deep needs more than the 2 MiB of a default thread in
/// a debug build script (about 80 nested blocks fit), and 64 MiB is only reserved
/// address space until it is touched.
const STACK_SIZE: usize = 64 << 20;

/// `f(i)` for every `i` in `0..n`, in index order, on threads with a [`STACK_SIZE`]
/// stack (one when `threads <= 1`). With `threads > 1`, each thread takes the next
/// index from a shared counter, so uneven jobs still spread evenly.
pub(crate) fn map<T: Send>(n: usize, threads: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                return done;
            }
            done.push((i, f(i)));
        }
    };
    let mut done = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.clamp(1, n.max(1)))
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, work)
            })
            .collect();
        let mut done = Vec::with_capacity(n);
        for worker in workers {
            match worker {
                Ok(worker) => match worker.join() {
                    Ok(more) => done.extend(more),
                    Err(panic) => std::panic::resume_unwind(panic),
                },
                // No thread to be had: the work is done here.
                Err(_) => done.extend(work()),
            }
        }
        done
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, value)| value).collect()
}

/// `f(item)` for every item, in order; like [`map`], the items moved to the threads.
pub(crate) fn map_into<I: Send, T: Send>(
    items: Vec<I>,
    threads: usize,
    f: impl Fn(I) -> T + Sync,
) -> Vec<T> {
    let slots: Vec<Mutex<Option<I>>> = items.into_iter().map(|i| Mutex::new(Some(i))).collect();
    let taken = map(slots.len(), threads, |i| {
        let item = slots[i].lock().map_or(None, |mut slot| slot.take());
        item.map(&f)
    });
    // Each slot is taken once.
    taken.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_in_order_on_any_number_of_threads() {
        for threads in [1, 2, 3, 8] {
            let squares = super::map(100, threads, |i| i * i);
            assert_eq!(squares, (0..100).map(|i| i * i).collect::<Vec<_>>());
        }
        assert!(super::map(0, 4, |i| i).is_empty());
        let words = vec!["a".to_owned(), "bb".to_owned(), "ccc".to_owned()];
        assert_eq!(super::map_into(words, 2, |w| w.len()), [1, 2, 3]);
    }
}
