@uc:end-device-controls
Feature: Meter connect and disconnect at the head-end (IEC 61968-9 Annex F, use case EDC-06)
  The MDM asks the head-end to open or close the contactor of a meter with create(EndDeviceControls), one
  EndDeviceControl per meter whose EndDeviceControlType is the Annex F code of the command (3.31.0.23 remote
  disconnect, 3.31.0.18 remote connect). The suite plays the MDM. The head-end's reply is checked like every
  message: its schemas, the EndDeviceControlType codes of the controls it returns (COD-CONTROL-TYPE), its header
  and its Result.

  @usecase:EDC-06 @pattern:P1 @edition:2024 @clause:2024:AnnexF
  @clause:2013:AnnexF @role:HES @edition:2013 @req:EDC-06.1
  Scenario Outline: The MDM asks the head-end to <command> a meter
    Given a meter installed at a usage point
    When the MDM asks the head-end to "<command>" the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"

    Examples:
      | command    |
      | disconnect |
      | connect    |
