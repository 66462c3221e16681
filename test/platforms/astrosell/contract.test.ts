import { describePlatformContract } from "../contract-suite";
import { astrosellHarness } from "./harness";

describePlatformContract(astrosellHarness);
