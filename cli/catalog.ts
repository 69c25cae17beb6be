import { CliIo, InputError } from "./io";

// Placeholder until the command's issue lands: the dispatcher needs the module to exist.
export async function catalog(_argv: readonly string[], _io: CliIo): Promise<number> {
  throw new InputError("the catalog command is not built yet");
}
