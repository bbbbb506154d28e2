//! The terminal: raw mode, the alternate screen, a panic hook that puts
//! the terminal back, and the event loop. Redraws happen only when
//! something changed, inside a synchronized update so SSH sees no flicker.

use std::io::{stdout, Stdout};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    KeyEventKind, MouseButton, MouseEventKind,
};
use crossterm::terminal::{
    self, BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use super::action::{answers_to, Action};
use super::app::App;
use super::ui::theme::Theme;
use super::view::ViewId;
use super::{keymap, ui, worker};
use crate::config::Config;
use crate::domain::text::inert_line;
use crate::store::OpenOptions;

fn restore_terminal() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
}

/// Restores the terminal before the panic message, then chains to the
/// previous hook.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}

/// Reads terminal input on its own thread, so the loop can also wait on
/// the worker. While `paused` (an editor has the terminal) it reads
/// nothing, so it never takes the editor's keystrokes.
fn spawn_input(out: Sender<Action>, paused: Arc<AtomicBool>) {
    std::thread::spawn(move || loop {
        if paused.load(Ordering::SeqCst) || !event::poll(Duration::from_millis(50)).unwrap_or(false) {
            if paused.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(20));
            }
            continue;
        }
        match event::read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                if out.send(Action::Key(k)).is_err() {
                    return;
                }
            }
            // A paste arrives whole (bracketed paste), as one edit: typed
            // out key by key it took seconds and its newlines acted as Enter.
            Ok(Event::Paste(text)) => {
                if out.send(Action::Paste(text)).is_err() {
                    return;
                }
            }
            Ok(Event::Resize(w, h)) => {
                if out.send(Action::Resize(w, h)).is_err() {
                    return;
                }
            }
            // Clicks and the wheel only: moving the mouse must not wake
            // the app (or send a redraw down an SSH link).
            Ok(Event::Mouse(m))
                if matches!(
                    m.kind,
                    MouseEventKind::Down(MouseButton::Left)
                        | MouseEventKind::ScrollDown
                        | MouseEventKind::ScrollUp
                ) =>
            {
                if out.send(Action::Mouse(m)).is_err() {
                    return;
                }
            }
            Ok(_) => {}
            Err(_) => return,
        }
    });
}

/// Runs the app with the config file's keys and mouse setting (mouse off,
/// the terminal keeps its own text selection without Shift).
pub fn run(db: &Path, options: &OpenOptions, actor: &str, view: Option<&str>, config: &Config) -> i32 {
    let mouse = config.mouse.unwrap_or(true);
    let bindings = match keymap::with_overrides(keymap::bindings(), &config.keys) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("frontdesk: config file: {}", inert_line(&e));
            return 2;
        }
    };
    let view = match view.map(ViewId::from_slug).transpose() {
        Ok(v) => v.unwrap_or(ViewId::AllOpen),
        Err(e) => {
            eprintln!("frontdesk: {e}");
            return 2;
        }
    };
    // A mail setting that cannot work is said before the screen opens.
    let mailer = match crate::mail::mailer(&config.mail) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("frontdesk: {}", inert_line(&e.to_string()));
            return 2;
        }
    };
    let (tx, rx) = channel::<Action>();
    let started = match worker::start(
        db.to_path_buf(),
        options.clone(),
        actor.to_string(),
        answers_to(tx.clone()),
    ) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("frontdesk: {}", inert_line(&e.to_string()));
            return 1;
        }
    };
    install_panic_hook();
    let mut terminal = match setup(mouse) {
        Ok(t) => t,
        Err(e) => {
            restore_terminal();
            eprintln!("frontdesk: cannot use this terminal: {e}");
            return 1;
        }
    };
    let size = terminal.size().map_or((80, 24), |s| (s.width, s.height));
    let label = match db
        .to_str()
        .filter(|d| crate::store::postgres::is_server_address(d))
    {
        Some(address) => crate::store::postgres::label(address),
        None => db
            .file_name()
            .map_or_else(|| db.display().to_string(), |n| n.to_string_lossy().to_string()),
    };
    let mut app = App::new(
        label,
        started.facts.actor.clone(),
        started.facts,
        started.jobs,
        crate::clock::now(),
        size,
        view,
    );
    app.theme = Theme::from_env();
    app.bindings = bindings;
    app.notify = config.notify;
    if !config.hooks.is_empty() {
        app.use_hooks(config.hooks.clone());
    }
    if let Some(mailer) = mailer {
        app.use_mailer(mailer);
    }
    app.silence_hours = config
        .mail
        .silence_hours
        .unwrap_or(crate::domain::mail::DEFAULT_SILENCE_HOURS);

    let paused = Arc::new(AtomicBool::new(false));
    spawn_input(tx, Arc::clone(&paused));
    let result = event_loop(&mut terminal, &mut app, &rx, &paused, mouse);
    restore_terminal();
    // Closing the job queue lets the worker finish what it is doing, close
    // the file and withdraw this copy's announcement before the process
    // ends; otherwise the others would see a copy whose process is gone.
    drop(app);
    let _ = started.thread.join();
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("frontdesk: terminal error: {e}");
            1
        }
    }
}

fn setup(mouse: bool) -> std::io::Result<Terminal<CrosstermBackend<Stdout>>> {
    take_terminal(mouse)?;
    Terminal::new(CrosstermBackend::new(stdout()))
}

/// Raw mode, the alternate screen, bracketed paste and (if wanted) the
/// mouse: at start, and again after an editor or a suspension.
fn take_terminal(mouse: bool) -> std::io::Result<()> {
    terminal::enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, cursor::Hide, EnableBracketedPaste)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Ctrl-Z: gives the terminal back as it was, stops the process as a
/// shell's job (SIGTSTP, as vim, less and htop do), and on `fg` takes the
/// terminal again and redraws everything.
fn suspend(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    paused: &AtomicBool,
    mouse: bool,
) -> std::io::Result<()> {
    paused.store(true, Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(80));
    restore_terminal();
    // SAFETY: raising a signal on our own process; the default action of
    // SIGTSTP stops it until SIGCONT, and execution resumes here.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    take_terminal(mouse)?;
    terminal.clear()?;
    paused.store(false, Ordering::SeqCst);
    Ok(())
}

/// Gives the terminal to the person's editor for `text`, and takes it back.
fn edit_externally(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    paused: &AtomicBool,
    mouse: bool,
    text: &str,
) -> std::io::Result<Result<String, String>> {
    paused.store(true, Ordering::SeqCst);
    // Let the input thread leave its poll before the editor reads.
    std::thread::sleep(Duration::from_millis(80));
    restore_terminal();
    let edited = super::editor::edit_with(&super::editor::editor_command(), text);
    take_terminal(mouse)?;
    terminal.clear()?;
    paused.store(false, Ordering::SeqCst);
    Ok(edited)
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    rx: &std::sync::mpsc::Receiver<Action>,
    paused: &AtomicBool,
    mouse: bool,
) -> std::io::Result<()> {
    let mut next_tick = Instant::now();
    loop {
        if std::mem::take(&mut app.suspend) {
            suspend(terminal, paused, mouse)?;
            app.dirty = true;
        }
        if let Some(text) = app.external_edit.take() {
            let edited = edit_externally(terminal, paused, mouse, &text)?;
            app.update(Action::EditedExternally(edited));
            app.dirty = true;
        }
        if app.dirty {
            execute!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
            terminal.draw(|f| ui::draw(f, app))?;
            execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
            app.dirty = false;
        }
        if let (Some(text), Some(notify)) = (app.ring.take(), app.notify) {
            use std::io::Write;
            let out = terminal.backend_mut();
            out.write_all(notify.sequence(&text).as_bytes())?;
            out.flush()?;
        }
        if app.should_quit {
            return Ok(());
        }
        // Once a second, or four times a second while a write may be
        // waiting on a lock, so the notice appears promptly.
        let tick = if app.is_idle() {
            Duration::from_secs(1)
        } else {
            Duration::from_millis(250)
        };
        let wait = next_tick.saturating_duration_since(Instant::now());
        match rx.recv_timeout(wait) {
            Ok(action) => {
                if let Action::Resize(..) = action {
                    terminal.autoresize()?;
                }
                app.update(action);
                // Handle everything already queued before drawing again.
                while let Ok(more) = rx.try_recv() {
                    app.update(more);
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                next_tick = Instant::now() + tick;
                app.update(Action::Tick(crate::clock::now()));
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
    }
}
