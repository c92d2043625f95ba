import ConsiliumCLI
import Foundation
exit(Consilium.main(CommandLine.arguments))
