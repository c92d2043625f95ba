import Foundation
public enum Consilium { public static func main(_ args: [String]) -> Int32 { 0 } }
