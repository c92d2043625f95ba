import Support

/// Input that could not be read as a case, a knowledge-base row, an option list or a reference
/// (the located input error every reader shares).
public typealias OncologyInputError = LocatedInputError
/// Every problem found in one input, reported together.
public typealias OncologyInputErrors = LocatedInputErrors
