/// A small, strict command-line parser for one verb: declared flags and options, then
/// positionals. Unknown options are errors (never silently ignored); `--` ends options;
/// `--name=value` and `--name value` both work. A plain value; used on the main task.
public struct ArgumentList: Sendable {
    /// What a verb accepts.
    public struct Spec: Sendable {
        /// Options that take no value, each with all its spellings (`["-j", "--json"]`).
        public var flags: [[String]]
        /// Options that take one value; may repeat (the last wins unless read with `values`).
        public var options: [[String]]

        public init(flags: [[String]] = [], options: [[String]] = []) {
            self.flags = flags
            self.options = options
        }
    }

    private var setFlags: Set<String> = []
    private var optionValues: [String: [String]] = [:]
    public private(set) var positionals: [String] = []

    /// Parses `arguments` against `spec`; every spelling of an option is stored under its first spelling.
    public init(_ arguments: [String], spec: Spec, verb: String) throws {
        func canonical(_ name: String, in groups: [[String]]) -> String? {
            groups.first { $0.contains(name) }?.first
        }
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if let flag = canonical(name, in: spec.flags) {
                if inlineValue != nil { throw CLIError.usage("\(name) takes no value", verb: verb) }
                setFlags.insert(flag)
            } else if let option = canonical(name, in: spec.options) {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if index < arguments.count {
                    value = arguments[index]
                    index += 1
                } else {
                    throw CLIError.usage("\(name) needs a value", verb: verb)
                }
                optionValues[option, default: []].append(value)
            } else {
                throw CLIError.usage("unknown option \(name)", verb: verb)
            }
        }
    }

    /// Whether a flag was given, by its first spelling.
    public func has(_ flag: String) -> Bool { setFlags.contains(flag) }

    /// The last value of an option, by its first spelling.
    public func value(_ option: String) -> String? { optionValues[option]?.last }

    /// Every value of a repeatable option, in order.
    public func values(_ option: String) -> [String] { optionValues[option] ?? [] }
}
