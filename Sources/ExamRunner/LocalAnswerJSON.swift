import Exams
import Support

/// The stored answer of a mode (a) or (b) call, as JSON, so a run's scores can be computed again
/// from the store alone. A log-probability of minus infinity (a label the model cannot produce) is
/// stored as null, which JSON can hold.
///
///     {"likelihoods": [{"label": "A", "logLikelihood": -12.5, "length": 9}, ...]}
///     {"letterLogProbabilities": {"A": -0.4, "B": -1.9, "C": null}}
enum LocalAnswerJSON {
    static func json(_ options: [OptionLikelihood]) -> JSONValue {
        ["likelihoods": .array(options.map {
            ["label": .string($0.label), "logLikelihood": number($0.logLikelihood), "length": .number(Double($0.length))]
        })]
    }

    static func json(letterLogProbabilities: [String: Double]) -> JSONValue {
        ["letterLogProbabilities": .object(letterLogProbabilities.mapValues(number))]
    }

    static func likelihoods(_ json: JSONValue?) throws -> [OptionLikelihood] {
        guard let rows = json?["likelihoods"]?.arrayValue else {
            throw ExamRunError.corruptRecord(field: "likelihoods", reason: "missing from the stored answer")
        }
        return try rows.enumerated().map { index, row in
            guard let label = row["label"]?.stringValue, let length = row["length"]?.intValue else {
                throw ExamRunError.corruptRecord(field: "likelihoods[\(index)]", reason: "needs label and length")
            }
            return OptionLikelihood(label: label, logLikelihood: row["logLikelihood"]?.numberValue ?? -.infinity, length: length)
        }
    }

    static func letterLogProbabilities(_ json: JSONValue?) throws -> [String: Double] {
        guard let members = json?["letterLogProbabilities"]?.objectValue else {
            throw ExamRunError.corruptRecord(field: "letterLogProbabilities", reason: "missing from the stored answer")
        }
        return members.mapValues { $0.numberValue ?? -.infinity }
    }

    private static func number(_ value: Double) -> JSONValue { value.isFinite ? .number(value) : .null }
}
