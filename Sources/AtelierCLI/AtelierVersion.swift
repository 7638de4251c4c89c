/// The version printed by `atelier --version` and sent as the HTTP user agent.
public enum AtelierVersion {
    public static let string = "0.1.0"
}
