import { CliIo, InputError } from "./io";

// Placeholder until the command's issue lands: the dispatcher needs the module to exist.
export async function validate(_argv: readonly string[], _io: CliIo): Promise<number> {
  throw new InputError("the validate command is not built yet");
}
