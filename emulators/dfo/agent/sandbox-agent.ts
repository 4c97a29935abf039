import { EmuAgentUser } from '../store/emulator.types';

/** The agent the emulator plays (docs/dfo-contract.md d.4 `User`); the console shows this name. */
export const SANDBOX_AGENT: EmuAgentUser = {
  id: 42,
  firstName: 'Baloo',
  surname: 'Bear',
  nickname: 'baloo',
  emailAddress: 'baloo@the-jungle.example',
  loginUsername: 'baloo@the-jungle.example',
  imageUrl: null,
  isBotUser: false,
  isSurveyUser: false,
};
