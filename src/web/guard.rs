//! The one door into the assistant: every call from the page (its listeners, timers, the
//! basket observer and the loader's calls) passes through [`enter`] or [`call`].
//!
//! Three rules keep page code, however it behaves, from catching the assistant half-way:
//! - **One call at a time.** Page code the browser runs synchronously while the assistant is
//!   working (a listener of the page on `focus`, `pushState` or a hash change) may call back
//!   in; that call is queued and runs right after the current one, never inside it, so no
//!   state is ever borrowed twice.
//! - **Page code runs only when the assistant holds nothing.** What hands control to the page
//!   (the assistant's DOM events, `dataLayer.push`, navigating) is an *effect*, queued with
//!   [`effect`] and run from a microtask once the current call has returned.
//! - **A trap ends it.** A trap (a bug of ours) leaves the state busy for good, so nothing
//!   queued or entered after it runs; [`halt`], which the loader calls then, stops everything
//!   for good and lets go of what it can without touching state the trap may have left
//!   borrowed. The loader removes the widget's elements itself.

use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Idle,
    Busy,
    Stopped,
}

pub(crate) type Job = Box<dyn FnOnce()>;

/// More queued work than this is dropped: a page in a loop of events must not grow memory.
const MAX_QUEUED: usize = 1000;

thread_local! {
    static STATE: Cell<State> = const { Cell::new(State::Idle) };
    static QUEUE: RefCell<Vec<Job>> = const { RefCell::new(Vec::new()) };
    static SCHEDULED: Cell<bool> = const { Cell::new(false) };
    static RELEASE: RefCell<Vec<Job>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` now when nothing else of the assistant is running, else right after the current
/// call; never after [`halt`]. For listeners, timers and observers.
pub(crate) fn enter(f: Job) {
    match STATE.get() {
        State::Idle => run(f),
        State::Busy => push(Box::new(move || enter(f))),
        State::Stopped => {}
    }
}

/// Runs `f` now for a call of the loader's, or says why it cannot: stopped, or (after a trap,
/// or called from page code the assistant is running) busy.
pub(crate) fn call<T>(f: impl FnOnce() -> T) -> Result<T, JsValue> {
    match STATE.get() {
        State::Idle => Ok(run(f)),
        State::Busy => Err(JsValue::from_str("busy")),
        State::Stopped => Err(JsValue::from_str("not running")),
    }
}

/// Queues `f`, which hands control to the page, to run once the current call has returned.
pub(crate) fn effect(f: Job) {
    if STATE.get() != State::Stopped {
        push(f);
    }
}

/// Registers what [`halt`] lets go of for one assistant (its listeners, timers, observer).
pub(crate) fn on_halt(f: Job) {
    RELEASE.with(|r| {
        if let Ok(mut r) = r.try_borrow_mut() {
            r.push(f);
        }
    });
}

/// Stops the assistant for good: nothing queued or entered runs any more, and each assistant
/// lets go of its listeners, timers and observer where it safely can. The loader calls it
/// when the assistant is turned off, after a trap too.
#[wasm_bindgen]
pub fn halt() {
    STATE.set(State::Stopped);
    QUEUE.with(|q| {
        if let Ok(mut q) = q.try_borrow_mut() {
            q.clear();
        }
    });
    let release = RELEASE.with(|r| r.try_borrow_mut().map(|mut r| std::mem::take(&mut *r)));
    for f in release.unwrap_or_default() {
        f();
    }
}

fn run<T>(f: impl FnOnce() -> T) -> T {
    STATE.set(State::Busy);
    let out = f();
    // Not reached after a trap in `f`: the state stays busy and nothing runs again.
    done();
    out
}

fn done() {
    STATE.set(State::Idle);
    if QUEUE.with(|q| q.try_borrow().is_ok_and(|q| !q.is_empty())) {
        schedule();
    }
}

fn push(job: Job) {
    let queued = QUEUE.with(|q| match q.try_borrow_mut() {
        Ok(mut q) if q.len() < MAX_QUEUED => {
            q.push(job);
            true
        }
        _ => false,
    });
    if queued && STATE.get() == State::Idle {
        schedule();
    }
}

fn schedule() {
    if !SCHEDULED.replace(true) {
        super::dom::microtask(drain);
    }
}

/// Runs what was queued, one job at a time, with nothing borrowed: an effect's page code may
/// call back in, and that call runs at once.
fn drain() {
    SCHEDULED.set(false);
    loop {
        let jobs = QUEUE.with(|q| q.try_borrow_mut().map(|mut q| std::mem::take(&mut *q)));
        let jobs = jobs.unwrap_or_default();
        if jobs.is_empty() {
            return;
        }
        for job in jobs {
            if STATE.get() != State::Idle {
                return;
            }
            job();
        }
    }
}
