import Foundation
import Support

/// The project's file of scored option rows (an expert reference, or a run's options flattened):
/// `{"format": "consilium.tumorboard.option-rows", "version": 1, "rows": [{"case", "alteration",
/// "source", "option", "citations", "clinical_study"}]}`.
public enum TherapyOptionRowsJSON {
    public static let format = "consilium.tumorboard.option-rows"
    public static let version = 1

    public static func read(path: String) throws -> [TherapyOptionRow] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw OncologyInputError(source: path, location: "file", reason: "cannot read: \(error.localizedDescription)")
        }
        return try read(data: data, source: (path as NSString).lastPathComponent)
    }

    public static func read(data: Data, source: String = "<json>") throws -> [TherapyOptionRow] {
        let document = try PatientCaseJSON.parse(data: data, source: source)
        let errors = JSONErrorSink(source: source)
        guard let root = JSONFields(document, path: "$", errors: errors) else { try errors.throwIfAny(); return [] }
        PatientCaseJSON.checkHeader(root, format: format, version: version)
        _ = root.string("source")
        _ = root.string("licence")
        var rows: [TherapyOptionRow] = []
        for (i, item) in (root.array("rows", required: true) ?? []).enumerated() {
            guard let fields = JSONFields(item, path: "$.rows[\(i)]", errors: errors) else { continue }
            let caseID = fields.string("case", required: true)
            let alteration = fields.string("alteration", required: true)
            let sourceName = fields.string("source", required: true)
            let option = fields.string("option", required: true)
            let citations = fields.strings("citations") ?? []
            let study = fields.string("clinical_study")
            fields.rejectUnknown()
            if let caseID, let alteration, let sourceName, let option {
                rows.append(TherapyOptionRow(caseID: caseID, alteration: alteration, source: sourceName, option: option,
                                             citations: citations, clinicalStudy: study))
            }
        }
        root.rejectUnknown()
        try errors.throwIfAny()
        return rows
    }

    public static func document(_ rows: [TherapyOptionRow], source: String, licence: String) -> JSONValue {
        .object([
            "format": .string(format), "version": .number(Double(version)), "source": .string(source), "licence": .string(licence),
            "rows": .array(rows.map { row in
                var members: [String: JSONValue] = [
                    "case": .string(row.caseID), "alteration": .string(row.alteration), "source": .string(row.source),
                    "option": .string(row.option), "citations": .array(row.citations.map(JSONValue.string)),
                ]
                members["clinical_study"] = row.clinicalStudy.map(JSONValue.string)
                return .object(members)
            }),
        ])
    }
}
