import ConsiliumCLI
import Foundation

exit(await Consilium.main(CommandLine.arguments))
