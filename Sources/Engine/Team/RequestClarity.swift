/// Decides whether a request says enough to plan an image without inventing it.
/// Stateless.
///
/// The rule: a request is unclear when, after dropping stop words and generic request
/// words (`make`, `draw`, `image`, `something`, `hello`, `please`, `test`...), no word of
/// two or more letters is left. So "", "   ", "?", "hi", "make an image" and "draw
/// something please" are unclear; "cat", "a lighthouse" and "cyberpunk street at night"
/// are not.
public enum RequestClarity {
    /// True when `request` needs clarifying questions before the team can start.
    public static func isUnclear(_ request: String) -> Bool {
        contentWords(request).isEmpty
    }

    /// The words of `request` that carry creative content.
    public static func contentWords(_ request: String) -> [String] {
        var words: [String] = []
        var current = ""
        for char in request.lowercased() + " " {
            if char.isLetter || char.isNumber {
                current.append(char)
            } else if char != "'" && char != "’" {
                if current.count >= 2, !fillers.contains(current), current.contains(where: \.isLetter) {
                    words.append(current)
                }
                current = ""
            }
        }
        return words
    }

    static let fillers: Set<String> = [
        "a", "an", "the", "of", "for", "to", "in", "on", "at", "me", "my", "i", "im", "you", "it", "its", "this",
        "that", "some", "any", "and", "or", "with", "is", "be", "can", "could", "would", "will", "do", "please",
        "pls", "plz", "make", "create", "draw", "generate", "render", "paint", "design", "show", "give", "want",
        "need", "like", "let", "lets", "us", "we", "image", "images", "picture", "pictures", "photo", "photos",
        "pic", "pics", "art", "artwork", "illustration", "something", "anything", "thing", "things", "stuff",
        "whatever", "hi", "hello", "hey", "yo", "test", "testing", "ok", "okay", "yes", "no", "help", "thanks",
        "thank", "new", "one", "cool", "nice", "good", "go", "start", "begin", "now", "again", "idea", "ideas",
    ]
}
