//! The FAQ, kept as one text file per language (`faq/sv.md`, `faq/en.md`):
//! `# Topic`, then `## Question {#optional-id}` and answer paragraphs. The
//! files are parallel, so a question has the same id in both languages.

use cps_domain::Lang;
use std::sync::LazyLock;

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub question: String,
    pub answer: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub title: String,
    pub questions: Vec<Question>,
}

fn parse(text: &str) -> Vec<Topic> {
    let mut topics: Vec<Topic> = Vec::new();
    let mut paragraph = String::new();
    let flush = |topics: &mut Vec<Topic>, paragraph: &mut String| {
        let p = paragraph.trim().to_owned();
        paragraph.clear();
        if p.is_empty() {
            return;
        }
        if let Some(q) = topics.last_mut().and_then(|t| t.questions.last_mut()) {
            q.answer.push(p);
        }
    };
    for line in text.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            flush(&mut topics, &mut paragraph);
            let (question, id) = match title.rsplit_once(" {#") {
                Some((q, rest)) => (q.trim().to_owned(), Some(rest.trim_end_matches('}').to_owned())),
                None => (title.trim().to_owned(), None),
            };
            if let Some(t) = topics.last_mut() {
                let id = id.unwrap_or_else(|| format!("q{}-{}", 0, t.questions.len() + 1));
                t.questions.push(Question { id, question, answer: Vec::new() });
            }
        } else if let Some(title) = line.strip_prefix("# ") {
            flush(&mut topics, &mut paragraph);
            topics.push(Topic { title: title.trim().to_owned(), questions: Vec::new() });
        } else if line.trim().is_empty() {
            flush(&mut topics, &mut paragraph);
        } else {
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(line.trim());
        }
    }
    flush(&mut topics, &mut paragraph);
    // Default ids carry the topic number: q{topic}-{question}.
    for (ti, t) in topics.iter_mut().enumerate() {
        for q in &mut t.questions {
            if let Some(rest) = q.id.strip_prefix("q0-") {
                q.id = format!("q{}-{rest}", ti + 1);
            }
        }
    }
    topics
}

static SV: LazyLock<Vec<Topic>> = LazyLock::new(|| parse(include_str!("../faq/sv.md")));
static EN: LazyLock<Vec<Topic>> = LazyLock::new(|| parse(include_str!("../faq/en.md")));
static NB: LazyLock<Vec<Topic>> = LazyLock::new(|| parse(include_str!("../faq/nb.md")));
static DA: LazyLock<Vec<Topic>> = LazyLock::new(|| parse(include_str!("../faq/da.md")));
static FI: LazyLock<Vec<Topic>> = LazyLock::new(|| parse(include_str!("../faq/fi.md")));
static DE: LazyLock<Vec<Topic>> = LazyLock::new(|| parse(include_str!("../faq/de.md")));

pub fn topics(lang: Lang) -> &'static [Topic] {
    match lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
        Lang::Nb => &NB,
        Lang::Da => &DA,
        Lang::Fi => &FI,
        Lang::De => &DE,
    }
}

/// Questions whose question or answer contains every word of `query`
/// (case-insensitive), those matching in the question first.
pub fn search(lang: Lang, query: &str) -> Vec<&'static Question> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(usize, &Question)> = Vec::new();
    for q in topics(lang).iter().flat_map(|t| &t.questions) {
        let title = q.question.to_lowercase();
        let all = format!("{title} {}", q.answer.join(" ").to_lowercase());
        if words.iter().all(|w| all.contains(w.as_str())) {
            let in_title = words.iter().filter(|w| title.contains(w.as_str())).count();
            hits.push((in_title, q));
        }
    }
    hits.sort_by_key(|h| std::cmp::Reverse(h.0));
    hits.into_iter().map(|(_, q)| q).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_the_same_questions_with_the_same_ids() {
        let sv = topics(Lang::Sv);
        assert!(sv.len() >= 5, "the Swedish FAQ is read");
        for lang in Lang::ALL {
            let other = topics(lang);
            assert_eq!(sv.len(), other.len(), "topics in {lang:?}");
            for (a, b) in sv.iter().zip(other) {
                let ids = |t: &Topic| t.questions.iter().map(|q| q.id.clone()).collect::<Vec<_>>();
                assert_eq!(ids(a), ids(b), "{lang:?}: {} / {}", a.title, b.title);
                assert!(
                    a.questions.iter().chain(&b.questions).all(|q| !q.answer.is_empty()),
                    "every question has an answer in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn the_places_that_link_here_find_their_answers() {
        for id in ["green-check", "migrate-button", "card-charge", "number-changed", "bank-fees"] {
            for lang in Lang::ALL {
                assert!(topics(lang).iter().flat_map(|t| &t.questions).any(|q| q.id == id), "{id} in {lang:?}");
            }
        }
    }

    #[test]
    fn search_finds_the_green_check_answer_in_swedish() {
        let hits = search(Lang::Sv, "grön bock");
        assert_eq!(hits.first().map(|q| q.id.as_str()), Some("green-check"));
        assert!(search(Lang::Sv, "").is_empty());
    }

    #[test]
    fn the_format_is_parsed() {
        let t = parse("# A\n## Why? {#why}\nBecause\nit is.\n\nAnd more.\n## How?\nSo.\n# B\n## When?\nNow.\n");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].questions[0].id, "why");
        assert_eq!(t[0].questions[0].answer, vec!["Because it is.", "And more."]);
        assert_eq!(t[0].questions[1].id, "q1-2");
        assert_eq!(t[1].questions[0].id, "q2-1");
    }
}
