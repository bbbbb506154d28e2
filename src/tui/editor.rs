//! Writing long text in the person's own editor (`$VISUAL`, else
//! `$EDITOR`, else `vi`), as gitui and jira-cli do: the text goes to a
//! temporary file, the editor runs on the real terminal, and what was
//! saved comes back.

use std::io::Write;
use std::process::Command;

/// The editor command to run.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".into())
}

/// Runs `editor` (a shell command, so `code -w` works) on a file holding
/// `text` and returns what it holds afterwards.
pub fn edit_with(editor: &str, text: &str) -> Result<String, String> {
    let path = std::env::temp_dir().join(format!(
        "frontdesk-{}-{:08x}.txt",
        std::process::id(),
        fastrand::u32(..)
    ));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| e.to_string())?;
        // A text file ends with a newline, as editors expect (vi says
        // "noeol" otherwise, and some add one when saving).
        let ended = if text.is_empty() || text.ends_with('\n') {
            text.to_string()
        } else {
            format!("{text}\n")
        };
        file.write_all(ended.as_bytes()).map_err(|e| e.to_string())?;
        drop(file);
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$1\""))
            .arg("sh")
            .arg(&path)
            .status()
            .map_err(|e| format!("{editor}: {e}"))?;
        if !status.success() {
            return Err(format!(
                "{editor} exited with {status}; the text was kept as it was"
            ));
        }
        // The newline that ends the file is the file's, not the text's.
        let saved = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        Ok(saved.strip_suffix('\n').unwrap_or(&saved).to_string())
    })();
    let _ = std::fs::remove_file(&path);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_gets_the_text_and_what_it_saves_comes_back() {
        let edited = edit_with("sed -i s/draft/final/", "a draft\nsecond line").unwrap();
        assert_eq!(edited, "a final\nsecond line");
    }

    #[test]
    fn the_file_the_editor_opens_ends_with_a_newline() {
        // `wc -l` counts newlines: one line of text is one line of file.
        let counted = edit_with(
            "sh -c 'wc -l < \"$0\" > \"$0.n\"; cat \"$0.n\" > \"$0\"; rm \"$0.n\"'",
            "one line",
        )
        .unwrap();
        assert_eq!(counted.trim(), "1");
        assert_eq!(edit_with("true", "kept as it was").unwrap(), "kept as it was");
    }

    #[test]
    fn an_editor_that_fails_changes_nothing_and_says_so() {
        let err = edit_with("false", "kept").unwrap_err();
        assert!(err.contains("the text was kept"), "{err}");
        assert!(edit_with("no-such-editor-here", "x").is_err());
    }
}
