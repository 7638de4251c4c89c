import Foundation

/// Prints the rows of a run: an aligned text table with notes for people, or one JSON
/// document for machines. Stateless.
enum BenchReport {
    /// The table: the issue's measure number, measure, target, median, range (min–max), runs,
    /// verdict; then the notes.
    /// With `judging` false (a quick smoke run), no verdict is printed: its numbers are not the table's.
    static func table(_ rows: [BenchRow], header: String, judging: Bool = true) -> String {
        var lines: [[String]] = [["#", "measure", "target", "median", "range", "runs", "verdict"]]
        for row in rows {
            let number = String(row.section)
            let verdict = judging || row.verdict == "failed" || row.verdict == "not measured" ? row.verdict : "—"
            switch row.outcome {
            case .measured(let samples):
                let range = samples.values.count > 1
                    ? row.unit.format(samples.min) + " – " + row.unit.format(samples.max) : "—"
                lines.append([number, row.measure, row.targetText, row.unit.format(samples.median), range,
                              String(samples.values.count), verdict])
            case .notMeasured(let reason):
                lines.append([number, row.measure, row.targetText, reason, "", "", verdict])
            case .failed(let message):
                lines.append([number, row.measure, row.targetText, "failed: " + String(message.prefix(60)), "", "", row.verdict])
            }
        }
        let widths = (0..<7).map { column in lines.map { $0[column].count }.max() ?? 0 }
        var text = header + "\n\n"
        for (index, line) in lines.enumerated() {
            let cells = line.enumerated().map { column, cell in
                column == 1 ? pad(cell, widths[column]) : padLeft(cell, widths[column])
            }
            text += cells.joined(separator: "  ") + "\n"
            if index == 0 { text += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        let notes = rows.compactMap { row in row.note.map { "- \(row.measure): \($0)" } }
        if !notes.isEmpty { text += "\n" + notes.joined(separator: "\n") + "\n" }
        let failures = rows.compactMap { row -> String? in
            if case .failed(let message) = row.outcome { return "- \(row.measure): \(message)" }
            return nil
        }
        if !failures.isEmpty { text += "\nFailures:\n" + failures.joined(separator: "\n") + "\n" }
        return text
    }

    /// One JSON object: the run's facts and every row with all its samples. With `judging`
    /// false (a quick smoke run), measured rows carry the verdict "quick" instead of one.
    static func json(_ rows: [BenchRow], facts: [String: Any], judging: Bool = true) -> String {
        var document = facts
        document["rows"] = rows.map { row -> [String: Any] in
            let measured: Bool
            if case .measured = row.outcome { measured = true } else { measured = false }
            var object: [String: Any] = ["id": row.id, "issue_measure": row.section, "measure": row.measure,
                                         "unit": row.unit.rawValue, "verdict": judging || !measured ? row.verdict : "quick"]
            if case .atMost(let limit) = row.target { object["target_at_most"] = limit }
            switch row.outcome {
            case .measured(let samples):
                object["median"] = samples.median
                object["min"] = samples.min
                object["max"] = samples.max
                object["samples"] = samples.values
            case .notMeasured(let reason):
                object["not_measured"] = reason
            case .failed(let message):
                object["error"] = message
            }
            if let note = row.note { object["note"] = note }
            return object
        }
        let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: options) else {
            return "{\"error\": \"the report could not be encoded\"}\n"
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
