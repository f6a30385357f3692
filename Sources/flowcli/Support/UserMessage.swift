import Foundation
import Inference

/// Errors in the user's words: what went wrong with which file or value,
/// never a Foundation error domain, a Swift type name or an enum dump.
///
/// Used wherever an error from Foundation (files, property lists, JSON) reaches
/// a message; library errors speak for themselves (`CustomStringConvertible`).
enum UserMessage {
    static func describe(_ error: any Error) -> String {
        switch error {
        case let e as CLIError: return e.message
        case let e as UsageError: return e.message
        case let e as DecodingError: return describe(e)
        case let e as EncodingError: return describe(e)
        case let e as CocoaError: return describe(e)
        case let e as POSIXError: return String(cString: strerror(e.code.rawValue))
        case let e as any CustomStringConvertible: return e.description
        default:
            let ns = error as NSError
            if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
            return "an unexpected error (\(ns.localizedDescription))"
        }
    }

    /// A key path such as `state.current.pool.stages[2]`.
    static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for k in keys {
            if let i = k.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + k.stringValue }
        }
        return out.isEmpty ? "the top level" : out
    }

    static func describe(_ e: DecodingError) -> String {
        switch e {
        case let .keyNotFound(key, c):
            return "the entry '\(path(c.codingPath + [key]))' is missing"
        case let .valueNotFound(type, c):
            return "'\(path(c.codingPath))' is empty where \(kind(type)) is required"
        case let .typeMismatch(type, c):
            if c.codingPath.isEmpty { return "the file is damaged or not in the expected format" }
            return "'\(path(c.codingPath))' is not \(kind(type))"
        case let .dataCorrupted(c):
            if c.codingPath.isEmpty { return "the file is damaged or not in the expected format" }
            return "'\(path(c.codingPath))': " + (isFoundationText(c.debugDescription) ? "invalid value" : c.debugDescription)
        @unknown default:
            return "the file is damaged or not in the expected format"
        }
    }

    static func describe(_ e: EncodingError) -> String {
        switch e {
        case let .invalidValue(value, c):
            return "the value \(value) at '\(path(c.codingPath))' cannot be written"
        @unknown default:
            return "a value cannot be written"
        }
    }

    static func describe(_ e: CocoaError) -> String {
        let path = (e.userInfo[NSFilePathErrorKey] as? String) ?? e.filePath ?? e.url?.path
        let at = path.map { "'\($0)': " } ?? ""
        if let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return at + String(cString: strerror(Int32(underlying.code)))
        }
        switch e.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return at + "no such file or directory"
        case .fileReadNoPermission, .fileWriteNoPermission: return at + "permission denied"
        case .fileWriteOutOfSpace: return at + "no space left on the device"
        case .fileWriteVolumeReadOnly: return at + "the volume is read-only"
        case .fileWriteFileExists: return at + "a file of that name exists"
        case .fileReadCorruptFile, .propertyListReadCorrupt: return at + "the file is damaged"
        case .fileReadTooLarge: return at + "the file is too large"
        default: return at + (e.code.rawValue >= 512 && e.code.rawValue < 1024 ? "cannot be written" : "cannot be read")
        }
    }

    /// Whether a library's debug text is Foundation's own (an error domain dump).
    static func isFoundationText(_ s: String) -> Bool {
        s.contains("Error Domain") || s.contains("NSCocoaErrorDomain") || s.contains("NSUnderlyingError")
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: return "a number"
        case is Int.Type, is UInt64.Type, is Int64.Type: return "a whole number"
        case is String.Type: return "text"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") || name.hasPrefix("[") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "the expected kind of value"
        }
    }
}

/// A sampler's failure during a run, in words, with what to try.
enum SamplerFailure {
    static func message(backend: String, _ error: any Error) -> String {
        switch error {
        case let e as SamplerConfigurationError:
            return "the \(backend) sampler's settings cannot be used: \(e)"
        case is FlowError, is DensityError:
            return "the \(backend) sampler failed: \(UserMessage.describe(error)). This is a numerical failure of the "
                + "sampler, not of the model: try another --seed, or smaller flows (--layers, --hidden) or fewer "
                + "--training-steps; if it persists, check the model at a few points with flowcli loglik"
        default:
            return "the \(backend) sampler failed: \(UserMessage.describe(error))"
        }
    }
}
